"""The thin layer between our providers and boto3: settings, clients, retries, errors."""
