"""The theme side: colours, icons, players, signup forms, services and campaign tags."""
