"""The form view: any instrument's form, drawn from its spec and kept live by a ``FormState``."""
