import { PageHeader } from '../../ui/PageHeader';

export default function UsersPage() {
  return <PageHeader title="Users" />;
}
