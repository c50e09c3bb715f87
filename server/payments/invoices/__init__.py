"""Tax invoices (发票) issued by the association's finance staff: read back and matched to their requests."""
