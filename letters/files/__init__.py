"""Files handled safely: atomic replacement, the workspace lock, and reading only inside the
workspace."""
