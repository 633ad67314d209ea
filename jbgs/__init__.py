"""The shared kernel: organisations, people and roles, regions, industry fields, campaign
years, audit, notifications, files. It imports no app; apps plug into it through the
registries they fill in their AppConfig.ready() (see ARCHITECTURE.md)."""
