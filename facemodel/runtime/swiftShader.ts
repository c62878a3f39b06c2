/**
 * The SwiftShader Vulkan driver that Debian's chromium ships: a software GPU adapter that lets the
 * WebGPU code path run (slowly, for tests) on machines without a GPU. Needs Debian's libvulkan1.
 */
import { existsSync } from "node:fs";

const ICD_CANDIDATES = ["/usr/lib/chromium/vk_swiftshader_icd.json", "/usr/lib64/chromium/vk_swiftshader_icd.json"];

export function swiftShaderIcd(): string | undefined {
  return ICD_CANDIDATES.find((p) => existsSync(p));
}

const hasVulkanLoader = () =>
  [
    "/lib/x86_64-linux-gnu/libvulkan.so.1",
    "/usr/lib/x86_64-linux-gnu/libvulkan.so.1",
    "/usr/lib64/libvulkan.so.1",
  ].some((p) => existsSync(p));

/** Points the Vulkan loader at SwiftShader (before the first WebGPU session). False when it is not installed. */
export function useSwiftShader(): boolean {
  const icd = swiftShaderIcd();
  if (!icd || !hasVulkanLoader()) return false;
  process.env.VK_ICD_FILENAMES = icd;
  process.env.VK_DRIVER_FILES = icd;
  return true;
}
