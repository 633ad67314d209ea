"""Special sessions (专场): hosts, numeric targets and the dashboards that compute
compliance from the platform's own records."""
