/**
 * The vCPU and memory pairs a Fargate job may ask for. Source: AWS Batch API reference,
 * ResourceRequirement ("value" of MEMORY and VCPU for jobs running on Fargate resources).
 */

/** A range of memory sizes in MiB: from `min` to `max` in steps of `step`. */
interface MemoryRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** Memory Fargate accepts for each vCPU value. */
const FARGATE_MEMORY_BY_VCPU: ReadonlyMap<number, MemoryRange | readonly number[]> = new Map<
  number,
  MemoryRange | readonly number[]
>([
  [0.25, [512, 1024, 2048]],
  [0.5, { min: 1024, max: 4096, step: 1024 }],
  [1, { min: 2048, max: 8192, step: 1024 }],
  [2, { min: 4096, max: 16_384, step: 1024 }],
  [4, { min: 8192, max: 30_720, step: 1024 }],
  [8, { min: 16_384, max: 61_440, step: 4096 }],
  [16, { min: 32_768, max: 122_880, step: 8192 }],
]);

/** The vCPU values Fargate accepts. */
export const FARGATE_VCPU_VALUES: readonly number[] = [...FARGATE_MEMORY_BY_VCPU.keys()];

/** True when Fargate runs a job of `vcpu` vCPUs and `memoryMiB` MiB. */
export function isFargatePair(vcpu: number, memoryMiB: number): boolean {
  const allowed = FARGATE_MEMORY_BY_VCPU.get(vcpu);
  if (allowed === undefined) return false;
  if (Array.isArray(allowed)) return allowed.includes(memoryMiB);
  const range = allowed as MemoryRange;
  return memoryMiB >= range.min && memoryMiB <= range.max && (memoryMiB - range.min) % range.step === 0;
}

/** The memory sizes Fargate accepts with `vcpu` vCPUs, in words; undefined for a vCPU value Fargate does not offer. */
export function fargateMemoryFor(vcpu: number): string | undefined {
  const allowed = FARGATE_MEMORY_BY_VCPU.get(vcpu);
  if (allowed === undefined) return undefined;
  if (Array.isArray(allowed)) return allowed.join(', ');
  const range = allowed as MemoryRange;
  return `${range.min} to ${range.max} in steps of ${range.step}`;
}

/**
 * What is wrong with a vCPU and memory pair on Fargate (the vCPU value, or the memory for it), or undefined
 * when Fargate offers it.
 */
export function fargatePairProblem(
  vcpu: number,
  memoryMiB: number,
): { readonly wrong: 'VCPU' | 'MEMORY'; readonly allowed: string } | undefined {
  if (!FARGATE_VCPU_VALUES.includes(vcpu))
    return { wrong: 'VCPU', allowed: `one of ${FARGATE_VCPU_VALUES.map((v) => `"${v}"`).join(', ')} on Fargate` };
  if (!isFargatePair(vcpu, memoryMiB))
    return { wrong: 'MEMORY', allowed: `with ${vcpu} vCPU on Fargate: ${fargateMemoryFor(vcpu)} MiB` };
  return undefined;
}
