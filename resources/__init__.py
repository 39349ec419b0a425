"""Runtime assets: guidelines, lexicons, stylesheets, the sample articles."""
