"""botocore's chime-sdk-voice model, loaded at run time, and its constraints as pure checks.

Shared by the emulator (server-side validation) and the providers (``check`` before
any API call), so both judge inputs by the same rules from the same model.
"""
