/** The modules of the platform, as STACK_GRAPH names them, in dependency order. */
export const PLATFORM_MODULES = ['iam', 'security-group', 'sqs', 'batch', 'step-function'] as const;

/** A module of the platform. */
export type PlatformModule = (typeof PLATFORM_MODULES)[number];
