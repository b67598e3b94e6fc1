"""letters: appeal letters from case facts and directories, in several languages."""

__version__ = "0.1.0"
