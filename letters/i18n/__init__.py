"""Translations: catalogs (.po), plural rules, message extraction, the translators' workflow."""
