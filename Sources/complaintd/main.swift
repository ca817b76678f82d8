print("complaintd")
