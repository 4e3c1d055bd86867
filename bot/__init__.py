"""The conversation with residents, and the Telegram adapter and outbox dispatcher around it."""
