"""Team work: publish versions to a shared team folder, sync everyone's, take one as a branch, review
in the store (see core/team.py for the rules and team/store.py for the folder)."""
