"""The `policybook` command line: one module per verb a user types."""
