// Recordings read as text by Vite's ?raw suffix (vitest), for renderer tests that have no Node types.
declare module '*.cast?raw' {
  const text: string;
  export default text;
}
