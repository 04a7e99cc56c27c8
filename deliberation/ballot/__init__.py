"""The all-member ballot: electorate, secret votes with trackers, counting."""
