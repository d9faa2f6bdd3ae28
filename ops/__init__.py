"""Running Hogshead on servers: health check, logs, proxies, S3 media, start-up commands."""
