/** The package version the API reports in `/health`. */
import { version } from '../../package.json';

export const VERSION: string = version;
