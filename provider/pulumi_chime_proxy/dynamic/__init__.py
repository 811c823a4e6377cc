"""What the dynamic resources share as Pulumi code: the provider base the engine calls
(check, diff, read, forget, the shared client) and the stack config a program reads."""
