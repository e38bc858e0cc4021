// `npm run recursive-analysis -- --strategy NAME [--startup-candle 199 399 …] [--pairs …] [--datadir DIR | --db-url URL]`
import { main } from './analysis.ts';

await main('recursive');
