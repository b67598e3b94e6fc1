"""The directory of people: selections, name forms and declension, imports."""
