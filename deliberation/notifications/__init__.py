"""In-app notifications: what happened to a member's amendments (and their group's), and
@mentions; the model, the signal subscribers, the services, the page, the API and the badge."""
