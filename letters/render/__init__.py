"""Render letters: the template context, safe .docx rendering, content versions."""
