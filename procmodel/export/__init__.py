"""Exports of processes to other formats (BPMN 2.0 lives in :mod:`procmodel.bpmn`)."""
