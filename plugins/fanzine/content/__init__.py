"""Reading and checking the artist's files: front matter, field types, the whole-site check."""
