"""The `fanzine` command: check, build, serve, new, start, seal/open, fans."""
