// Vercel function: every API route is rewritten here (see vercel.json).
export { default } from '../src/system/serverless';
