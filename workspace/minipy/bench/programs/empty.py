# Start-up alone: what every other row includes.
