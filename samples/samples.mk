# samples/: deterministic sample inputs.
-include samples/minikernel/minikernel.mk
