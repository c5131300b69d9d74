// A reason the gateway will not start as asked (a bad setting, a data directory in use): the command
// prints the message alone and exits with code 2, never with a stack.

export class StartupError extends Error {}
