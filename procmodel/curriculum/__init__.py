"""Curricula (läroplaner) from Skolverket's Syllabus API: parsed and brought into a goal catalog."""
