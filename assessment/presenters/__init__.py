"""Page-building: what each page (and its PDF) shows, from the data the selectors read — charts, wording,
progress. One module per page; nothing here queries the database beyond calling a selector."""
