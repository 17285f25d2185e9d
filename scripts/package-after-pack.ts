// electron-builder's afterPack hook (electron-builder.yml): runs once per platform and arch after
// the app is laid out and before it is signed and wrapped in an installer. It sets the fuses and
// refuses a native module that would not load on the target.
import { join } from 'node:path';
import { Arch, type AfterPackContext } from 'electron-builder';
import { flipShippedFuses, type PackedApp } from './package-fuses.js';
import { checkNativeModule } from './package-native-module.js';

export function packedAppOf(context: AfterPackContext): PackedApp {
  const { packager } = context;
  return {
    appOutDir: context.appOutDir,
    platform: context.electronPlatformName,
    arch: Arch[context.arch] as PackedApp['arch'],
    productFilename: packager.appInfo.productFilename,
    // Only the Linux packager has it; elsewhere the product file name names the executable.
    linuxExecutableName:
      (packager as { executableName?: string }).executableName ??
      packager.appInfo.productFilename.toLowerCase(),
  };
}

export function resourcesDirOf(app: PackedApp): string {
  return app.platform === 'darwin' || app.platform === 'mas'
    ? join(app.appOutDir, `${app.productFilename}.app`, 'Contents', 'Resources')
    : join(app.appOutDir, 'resources');
}

export async function afterPack(context: AfterPackContext): Promise<void> {
  const app = packedAppOf(context);
  await flipShippedFuses(app);
  checkNativeModule(resourcesDirOf(app), {
    platform: app.platform,
    arch: app.arch,
    electronVersion: context.packager.info.framework.version,
  });
}

export default afterPack;
