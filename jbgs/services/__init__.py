"""The only place that changes the kernel's state. Views, the API and tasks call these."""
