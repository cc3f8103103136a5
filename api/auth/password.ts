// Password hashing lives with the users table it fills (db/passwords.ts), so seeding and the
// admin:create command need nothing from the API layer.
export { hashPassword, verifyPassword } from '../../db/passwords.js';
