"""People and process: members, groups, assemblies, proposals, live rooms, ballots."""
