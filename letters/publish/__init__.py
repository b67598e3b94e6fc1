"""Publish letters: the resumable batch (staging, manifest), PDF, e-mail drafts, print file."""
