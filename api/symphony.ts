// Vercel function: every API route is rewritten here (see vercel.json). The app is imported, not
// looked up at run time, so the function's bundle carries it.
import app from '../symphony.config';
import { createServerlessHandler } from '../src/system/serverless';

export default createServerlessHandler({ load: async () => app });
