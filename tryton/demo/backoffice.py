"""Back-office users (events, pickups), their employees, and an integrator user."""

from proteus import Model

from .facts import (
    BACKOFFICE_PASSWORD,
    BACKOFFICE_USERS,
    CUSTOMERS,
    INTEGRATOR_LOGIN,
    INTEGRATOR_PARTIES,
    INTEGRATOR_PASSWORD,
    SALES_RESPONSIBLE,
)


def _group(cfg, xml_id):
    ModelData = Model.get("ir.model.data", config=cfg)
    Group = Model.get("res.group", config=cfg)
    return Group(ModelData.get_id(*xml_id.split("."), cfg.context))


def ensure_backoffice_users(cfg, company):
    """Create the users of facts.BACKOFFICE_USERS, each an employee of the company (the
    support contact of an event is an employee, found back from its user); return
    {login: res.user}."""
    User = Model.get("res.user", config=cfg)
    Party = Model.get("party.party", config=cfg)
    Employee = Model.get("company.employee", config=cfg)
    Company = Model.get("company.company", config=cfg)
    users = {user.login: user for user in User.find(
        [("login", "in", list(BACKOFFICE_USERS))])}
    for login, data in BACKOFFICE_USERS.items():
        if login in users:
            continue
        party = Party(name=data["name"])
        party.contact_mechanisms.new(
            type="email", value=f"{login}@ferment-station.example.fr")
        party.save()
        employee = Employee(party=party, company=company)
        employee.save()
        user = User(login=login, name=data["name"],
                    email=f"{login}@ferment-station.example.fr")
        user.groups.extend(_group(cfg, xml_id) for xml_id in data["groups"])
        user.companies.append(Company(company.id))
        user.company = Company(company.id)
        user.employees.append(Employee(employee.id))
        user.employee = Employee(employee.id)
        user.password = BACKOFFICE_PASSWORD
        user.save()
        users[login] = user
    return users


def employee_of(user):
    return user.employees[0]


def ensure_sales_responsibles(cfg, users, parties):
    """Give the events salesperson their customers (who may edit those customers' events);
    the others stay with the administrator who created them."""
    Party = Model.get("party.party", config=cfg)
    for login, codes in SALES_RESPONSIBLE.items():
        to_save = [parties[code] for code in codes
                   if parties[code].sales_responsible != users[login]]
        for party in to_save:
            party.sales_responsible = users[login]
        if to_save:
            Party.save(to_save)


def ensure_integrator(cfg, company, parties):
    """A JSON-RPC integration user reading only the documents of INTEGRATOR_PARTIES."""
    User = Model.get("res.user", config=cfg)
    Party = Model.get("party.party", config=cfg)
    Company = Model.get("company.company", config=cfg)
    if User.find([("login", "=", INTEGRATOR_LOGIN)]):
        return
    names = " + ".join(CUSTOMERS[code]["name"] for code in INTEGRATOR_PARTIES)
    user = User(login=INTEGRATOR_LOGIN, name=f"Intégration {names}")
    user.groups.append(_group(cfg, "portal.group_portal_integrator"))
    user.portal_parties.extend(Party(parties[code].id) for code in INTEGRATOR_PARTIES)
    user.companies.append(Company(company.id))
    user.company = Company(company.id)
    user.password = INTEGRATOR_PASSWORD
    user.save()
