"""Writing files safely: atomic replacement and the workspace lock."""
