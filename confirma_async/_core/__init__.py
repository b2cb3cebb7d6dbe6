"""Wire machinery: transport (the only aiohttp user), retry policy, pagination."""
