"""The append-only history of what people did to the annotation: who, when, which record, before and after."""
