"""Sign-off: the ledger of answers, review status and packets, redlines, final letters."""
