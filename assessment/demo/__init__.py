"""Demo data, every piece of it marked as demo: the small hand-made seed (``seed``), the generated
national cohort (``cohort``) and the one way both turn a drawn level into an answer (``answers``)."""
