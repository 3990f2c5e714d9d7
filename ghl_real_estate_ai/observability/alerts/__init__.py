"""Alert thresholds evaluated over sliding windows: raised once when crossed, resolved once when recovered."""
