"""Load a workspace: YAML read with line numbers, strict models, every problem collected."""
