"""Business logic that spans models. Views, admin actions and commands call these; none holds the logic."""
