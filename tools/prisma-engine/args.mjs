// The command line the CLI starts its schema engine with:
//   --version
//   [--datamodels <file>]... [--datasource <json>] [--enabled-preview-features a,b]
//   [--extension-types <json>] [cli <command>]

/**
 * @typedef {object} EngineArgs
 * @property {boolean} version
 * @property {string[]} datamodels
 * @property {{ url?: string, shadowDatabaseUrl?: string }} datasource
 * @property {string | undefined} cliCommand
 */

/**
 * @param {string[]} argv the arguments after the script name
 * @returns {EngineArgs}
 */
export function parseArgs(argv) {
  /** @type {EngineArgs} */
  const args = { version: false, datamodels: [], datasource: {}, cliCommand: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--version':
      case '-V':
        args.version = true;
        break;
      case '--datamodels':
        args.datamodels.push(value());
        break;
      case '--datasource':
        args.datasource = JSON.parse(value());
        break;
      case '--enabled-preview-features':
      case '--extension-types':
        value();
        break;
      case 'cli':
        args.cliCommand = argv[++i];
        break;
      default:
        throw new Error(`Unknown argument: ${arg}`);
    }
  }
  return args;
}
