"""The content types: one module per folder of content/ (releases, stories, playlists, ...)."""
