/** GREEN-API instance ids are 10 digits; Waypost numbers its own from here up, on every engine. */
export const firstInstanceId = 1101000001;
