/** The API version reported by show_config: the highest freqtrade API level whose features tickhub serves. */
export const API_VERSION = 2.43;
export const TICKHUB_VERSION = '0.1.0';
